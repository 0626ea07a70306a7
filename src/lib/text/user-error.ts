/**
 * The class of one family of errors a user can meet (a photo that can't be prepared, a clip):
 * each has a code the program branches on, and the text the person reads, by default the code's
 * own from `messages` (message functions: the text is made in the page's language when thrown).
 */
export function userErrorClass<Code extends string>(
	name: string,
	messages: Readonly<Record<Code, () => string>>
) {
	return class extends Error {
		readonly code: Code;

		constructor(code: Code, message: string = messages[code]()) {
			super(message);
			this.name = name;
			this.code = code;
		}
	};
}
