/**
 * A mistake in what the operator gave: a flag, a variable, or a file one of them names (such as
 * TLS_CERT). The CLI prints its message and exits with code 2. It lives outside every folder
 * because both `config/` and `http/` (reading the TLS files) throw it.
 */
export class ConfigError extends Error {
	override readonly name = 'ConfigError';
}
