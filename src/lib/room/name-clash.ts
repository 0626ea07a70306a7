/** How many fresh names to try before keeping a clashing one (the odds of needing more are nil). */
const TRIES = 50;

/**
 * A name for this device that no other device in the room has: null when `current` is free,
 * else a freshly generated one (or null if none was free after a few tries).
 */
export function freeName(
	current: string,
	others: readonly { name: string }[],
	generate: () => string
): string | null {
	const taken = new Set(others.map((p) => p.name));
	if (!taken.has(current)) return null;
	for (let i = 0; i < TRIES; i++) {
		const name = generate();
		if (!taken.has(name)) return name;
	}
	return null;
}
