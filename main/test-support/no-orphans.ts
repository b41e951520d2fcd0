// After every test: no ffmpeg or ffprobe child may outlive it. A test that aborted one gets a
// moment for the exit to arrive; after that, stragglers are killed and the test fails.
import { afterEach } from 'vitest';
import { runningProcesses, stopAll } from '../media/ffmpeg.js';

afterEach(async () => {
  const deadline = Date.now() + 1500;
  while (runningProcesses().size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const left = [...runningProcesses()].map((p) => p.commandLine);
  if (left.length) {
    await stopAll();
    throw new Error(`ffmpeg children left running after the test:\n${left.join('\n')}`);
  }
});
