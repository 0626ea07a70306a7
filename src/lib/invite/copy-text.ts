/**
 * Copies `text` to the clipboard. `navigator.clipboard` exists only in secure contexts (a phone on
 * http://192.168... has none), so it falls back to selecting `field`, which holds the same text,
 * and the old copy command. False when neither worked.
 */
export async function copyText(text: string, field: HTMLInputElement | undefined): Promise<boolean> {
	try {
		if (!navigator.clipboard) throw new Error('no clipboard');
		await navigator.clipboard.writeText(text);
		return true;
	} catch {
		field?.focus();
		field?.select();
		return document.execCommand('copy');
	}
}
