/*
Imported first by tests that watch the console's live frames on a fake terminal. Ink decides once, when it is first imported, whether it runs in CI, and in CI it writes only the last frame (chalk, too, drops colours whenever CI is set); a person's terminal sees every frame, so these tests must too.
*/
delete process.env.CI;
delete process.env.CONTINUOUS_INTEGRATION;
