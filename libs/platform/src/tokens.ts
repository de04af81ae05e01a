/** DI tokens of what the platform module provides. */
export const CONFIG = Symbol('CONFIG');
export const READ_MODELS = Symbol('READ_MODELS');
export const CHECKPOINTS = Symbol('CHECKPOINTS');
export const METRICS = Symbol('METRICS');
export const INFRASTRUCTURE = Symbol('INFRASTRUCTURE');
export const OPENAPI_DOCUMENT = Symbol('OPENAPI_DOCUMENT');
