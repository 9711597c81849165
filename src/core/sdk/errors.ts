/** A problem with how an agent was set up (option, key, session): the message says what to change. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}
