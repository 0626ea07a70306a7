import { describe, expect, it } from 'vitest';
import { chooseLanguage } from './language-choice';

describe('chooseLanguage', () => {
	it('writes a session cookie the server reads, then reloads', () => {
		const calls: string[] = [];
		const page = (secure: boolean) => ({
			secure,
			setCookie: (c: string) => calls.push(c),
			reload: () => calls.push('reload')
		});
		chooseLanguage('pt-BR', page(false));
		chooseLanguage('ar', page(true));
		expect(calls).toEqual([
			'vd-lang=pt-BR; Path=/; SameSite=Strict',
			'reload',
			'vd-lang=ar; Path=/; SameSite=Strict; Secure',
			'reload'
		]);
	});
});
