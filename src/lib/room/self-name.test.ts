import { describe, expect, it } from 'vitest';
import { SERVER_ERRORS } from '../text/user-messages';
import { SelfName, freeName, type SelfNamePort } from './self-name.svelte';

function selfName(initial: string, generated: string[] = []) {
	const said = {
		renamed: [] as string[],
		server: [] as string[],
		peers: [] as string[],
		alerts: [] as string[]
	};
	const port: SelfNamePort = {
		renamed: (previous) => said.renamed.push(previous),
		sendRename: (name) => said.server.push(name),
		tellPeers: (name) => said.peers.push(name),
		generateName: () => generated.shift() ?? 'Last Resort',
		alert: (text) => said.alerts.push(text)
	};
	return { name: new SelfName(initial, port), said };
}

describe('this device’s name: never called like another device here', () => {
	it('a free name is kept; a taken one is swapped for the first free generated name', () => {
		expect(freeName('Quiet Otter', [{ name: 'Bold Fox' }], () => 'never')).toBeNull();
		const names = ['Bold Fox', 'Calm Heron'];
		expect(freeName('Bold Fox', [{ name: 'Bold Fox' }], () => names.shift()!)).toBe('Calm Heron');
	});

	it('gives up after a few tries rather than loop: the clashing name stays', () => {
		let tries = 0;
		expect(freeName('Bold Fox', [{ name: 'Bold Fox' }], () => (tries++, 'Bold Fox'))).toBeNull();
		expect(tries).toBe(50);
	});

	it('joining a room where the generated name is taken: a free one is shown, told to the server and peers', () => {
		const { name, said } = selfName('Bold Fox', ['Calm Heron']);
		name.joinedWith([{ name: 'Bold Fox' }]);
		expect(name.current).toBe('Calm Heron');
		expect(said).toMatchObject({ renamed: ['Bold Fox'], server: ['Calm Heron'], peers: ['Calm Heron'] });
		expect(name.chosen).toBe(false);
	});

	it('a typed name is never swapped, even when a device that joins later has it', () => {
		const { name, said } = selfName('Bold Fox');
		name.rename('Calm Heron', []);
		expect(name.chosen).toBe(true);
		name.joinedWith([{ name: 'Calm Heron' }]);
		expect(name.current).toBe('Calm Heron');
		expect(said.server).toEqual(['Calm Heron']);
	});

	it('a typed name that looks like another device’s is refused with an alert, and nothing is sent', () => {
		const { name, said } = selfName('Bold Fox');
		name.rename('calm  heron', [{ name: 'Calm Heron' }]);
		expect(name.current).toBe('Bold Fox');
		expect(name.chosen).toBe(false);
		expect(said.alerts).toEqual([SERVER_ERRORS['name-taken']]);
		expect(said.server).toEqual([]);
	});

	it('show (a refused rename or join) changes what is on screen and tells peers, not the server', () => {
		const { name, said } = selfName('Bold Fox');
		name.show('Old Name');
		expect(name.current).toBe('Old Name');
		expect(said).toMatchObject({ peers: ['Old Name'], server: [], renamed: [] });
	});
});
