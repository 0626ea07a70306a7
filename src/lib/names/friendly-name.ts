const ADJECTIVES = [
	'Quiet',
	'Brave',
	'Calm',
	'Clever',
	'Gentle',
	'Lucky',
	'Swift',
	'Sunny',
	'Misty',
	'Bright',
	'Jolly',
	'Nimble',
	'Witty',
	'Cosy',
	'Bold',
	'Happy',
	'Mellow',
	'Silver',
	'Golden',
	'Amber',
	'Crimson',
	'Velvet',
	'Tiny',
	'Merry',
	'Noble',
	'Rapid',
	'Shy',
	'Wild',
	'Zesty',
	'Frosty'
];
const ANIMALS = [
	'Otter',
	'Fox',
	'Panda',
	'Heron',
	'Lynx',
	'Badger',
	'Falcon',
	'Koala',
	'Puffin',
	'Marten',
	'Walrus',
	'Gecko',
	'Bison',
	'Crane',
	'Dolphin',
	'Hedgehog',
	'Ibex',
	'Jaguar',
	'Lemur',
	'Moose',
	'Narwhal',
	'Owl',
	'Penguin',
	'Quokka',
	'Raven',
	'Seal',
	'Tapir',
	'Wombat',
	'Yak',
	'Zebra'
];

function pick<T>(items: readonly T[]): T {
	const [n] = crypto.getRandomValues(new Uint32Array(1));
	return items[(n ?? 0) % items.length]!;
}

/** "Quiet Otter": easy to say across a room, and never identifying. */
export function friendlyName(): string {
	return `${pick(ADJECTIVES)} ${pick(ANIMALS)}`;
}
