export { KiroError, EXIT } from './base-error';
export { UsageError } from './usage-error';
export { NotFoundError } from './not-found-error';
export { InvalidInputError, type InputLocation } from './invalid-input-error';
export { ConflictError } from './conflict-error';
export { ExternalError } from './external-error';
export { UnsupportedVersionError } from './unsupported-version-error';
