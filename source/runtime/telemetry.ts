/**
The descriptor our runtime clients write their framed log records to (`_LAMBDA_TELEMETRY_LOG_FD`). Descriptor 3 is the bubblewrap supervisor's answer channel, so the records take the next one in every sandbox mode.
*/
export const telemetryFd = 4;
