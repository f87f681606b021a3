/** A problem with the service's own configuration (command line, keys file, topology): it does not start. */
export class ServiceConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServiceConfigError';
  }
}
