/*
Imported first by tests that watch the console's live frames on a fake terminal. Ink decides once, when it is first imported, whether it runs in CI, and in CI it writes only the last frame; a person's terminal sees every frame, so these tests must too.
*/
process.env.CI = 'false';
process.env.CONTINUOUS_INTEGRATION = 'false';
