// What the mediators module uses of other modules, in one place.
export { languageName, LANGUAGE_KEYS, LANGUAGE_CODES, type LanguageCode } from '../directory/index.js';
export { romeDate, romeInstant, romeTime, isCalendarDate, addDays } from '../desk/index.js';
