import { readFileSync } from 'node:fs';

/** Cumulative CPU time of the whole machine, in clock ticks, from /proc/stat (Linux). */
export interface CpuTicks {
	user: number;
	system: number;
	idle: number;
}

export function readCpuTicks(): CpuTicks {
	const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
	// cpu  user nice system idle iowait irq softirq steal ...
	const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = line
		.trim()
		.split(/\s+/)
		.slice(1)
		.map(Number);
	return { user: user + nice, system: system + irq + softirq + steal, idle: idle + iowait };
}

/** Where the machine's CPU time went between two readings, as shares of the total. */
export interface CpuSplit {
	user: number;
	system: number;
	idle: number;
}

export function cpuSplit(from: CpuTicks, to: CpuTicks): CpuSplit {
	const user = to.user - from.user;
	const system = to.system - from.system;
	const idle = to.idle - from.idle;
	const total = Math.max(1, user + system + idle);
	return { user: user / total, system: system / total, idle: idle / total };
}

export const percentText = (split: CpuSplit) =>
	`user ${(split.user * 100).toFixed(0)} %, system ${(split.system * 100).toFixed(0)} %, idle ${(split.idle * 100).toFixed(0)} %`;
