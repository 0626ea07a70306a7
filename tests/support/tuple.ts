/** `N` items of `T` as a tuple type, so that a test can name each of the things it asked for. */
export type Tuple<T, N extends number, R extends T[] = []> = R['length'] extends N
	? R
	: Tuple<T, N, [...R, T]>;
