// Rome's calendar days live in the kernel (every module counts in them); kept here for the desk's imports.
export * from '../../kernel/time/rome-dates.js';
