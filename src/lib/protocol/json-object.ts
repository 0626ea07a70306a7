/** A JSON object as parsed: none of its fields is trusted yet. */
export type JsonObject = Record<string, unknown>;

export function isJsonObject(v: unknown): v is JsonObject {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The first step of every parser of network text: `raw` as a JSON object, or null when it is not
 * JSON, or is an array or a bare value. Its fields are for the caller to check.
 */
export function parseJsonObject(raw: string): JsonObject | null {
	let v: unknown;
	try {
		v = JSON.parse(raw);
	} catch {
		return null;
	}
	return isJsonObject(v) ? v : null;
}
