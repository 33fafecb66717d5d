export * from './close-codes.js';
export * from './errors.js';
export * from './frames.js';
export * from './group-messages.js';
export * from './groups.js';
export * from './groups-base.js';
export * from './identity.js';
export * from './messages.js';
