import { startAppProcess, startRedis, type AppProcess } from '../../support/daemons';

export interface TwoAppProcesses {
	one: AppProcess;
	two: AppProcess;
	/** `http://127.0.0.1:<port>` of each. */
	urlOne: string;
	urlTwo: string;
}

/**
 * Two app server processes sharing one Redis, as two nodes behind a load balancer, for the
 * length of `run`; then both stop (one a test killed already stays stopped) and Redis with them.
 */
export async function withTwoAppProcesses(
	options: { presenceTtlSeconds?: number },
	run: (processes: TwoAppProcesses) => Promise<void>
): Promise<void> {
	const redis = await startRedis();
	const one = await startAppProcess({ redisUrl: redis.url, ...options });
	const two = await startAppProcess({ redisUrl: redis.url, ...options });
	try {
		await run({ one, two, urlOne: `http://127.0.0.1:${one.port}`, urlTwo: `http://127.0.0.1:${two.port}` });
	} finally {
		one.process.kill('SIGTERM');
		two.process.kill('SIGTERM');
		await Promise.all([one.exited, two.exited]);
		await redis.stop();
	}
}
