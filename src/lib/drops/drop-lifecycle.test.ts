import { describe, expect, it } from 'vitest';
import { nextInState, nextRecipientStatus, outState, isFinalIn } from './drop-lifecycle';

describe('incoming drop', () => {
	it('follows the one happy path', () => {
		let s = nextInState('receiving', 'verified');
		expect(s).toBe('sealed');
		s = nextInState(s!, 'reveal');
		expect(s).toBe('viewing');
		s = nextInState(s!, 'view-ended');
		expect(s).toBe('destroyed');
		expect(isFinalIn(s!)).toBe(true);
	});
	it('allows no second view', () => {
		expect(nextInState('destroyed', 'reveal')).toBeNull();
		expect(nextInState('viewing', 'reveal')).toBeNull();
	});
	it('never shows a partial or failed image', () => {
		expect(nextInState('receiving', 'reveal')).toBeNull();
		expect(nextInState('failed', 'reveal')).toBeNull();
		expect(nextInState('receiving', 'fail')).toBe('failed');
	});
	it('burn and expiry only take unopened drops', () => {
		expect(nextInState('sealed', 'burn')).toBe('burned');
		expect(nextInState('sealed', 'expire')).toBe('expired');
		expect(nextInState('viewing', 'burn')).toBeNull();
		expect(nextInState('burned', 'reveal')).toBeNull();
	});
});

describe('recipient status', () => {
	it('goes queued -> sending -> delivered -> viewed -> destroyed', () => {
		expect(nextRecipientStatus('queued', 'start')).toBe('sending');
		expect(nextRecipientStatus('sending', 'delivered')).toBe('delivered');
		expect(nextRecipientStatus('delivered', 'viewed')).toBe('viewed');
		expect(nextRecipientStatus('viewed', 'destroyed')).toBe('destroyed');
	});
	it('refuses receipts out of order', () => {
		expect(nextRecipientStatus('queued', 'viewed')).toBeNull();
		expect(nextRecipientStatus('destroyed', 'viewed')).toBeNull();
		expect(nextRecipientStatus('failed', 'delivered')).toBeNull();
	});
});

describe('outgoing drop state', () => {
	const facts = { prepared: true, burned: false, exhausted: false, expired: false };
	it('is derived from the facts and the recipients', () => {
		expect(outState({ ...facts, prepared: false, recipients: ['queued'] })).toBe('preparing');
		expect(outState({ ...facts, recipients: ['sending', 'delivered'] })).toBe('sending');
		expect(outState({ ...facts, recipients: ['delivered', 'viewed'] })).toBe('sent');
		expect(outState({ ...facts, recipients: ['destroyed', 'failed'] })).toBe('done');
		expect(outState({ ...facts, recipients: ['failed', 'failed'] })).toBe('failed');
		expect(outState({ ...facts, recipients: ['expired', 'failed'] })).toBe('expired');
		expect(outState({ ...facts, burned: true, recipients: ['delivered'] })).toBe('burned');
	});
	it('is done when the views run out, even with recipients left unopened', () => {
		expect(outState({ ...facts, exhausted: true, recipients: ['destroyed', 'destroyed', 'expired'] })).toBe(
			'done'
		);
		expect(outState({ ...facts, exhausted: true, recipients: ['viewed', 'delivered'] })).toBe('done');
	});
	it('expires when the time runs out unopened', () => {
		expect(outState({ ...facts, expired: true, recipients: ['expired'] })).toBe('expired');
	});
	it('waits for late joiners when nobody is there yet', () => {
		expect(outState({ ...facts, recipients: [] })).toBe('sending');
	});
});
