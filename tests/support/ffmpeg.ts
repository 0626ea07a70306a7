import { execFileSync } from 'node:child_process';

/** Runs ffmpeg (from apt) quietly, overwriting its output: how tests and benches make media. */
export function ffmpeg(args: readonly string[]): void {
	execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args]);
}
