// What other modules may use of the directory: published services matched to a need, their cards in a
// language, the needs' categories, the languages an office may speak, and the finder's index (which the
// server builds at start). Nothing else is imported from outside.
export { matchServices, serviceCards, needTerms, type ServiceCard, type ServiceMatch, type MatchCriteria } from './service-match.js';
export { LANGUAGE_CODES, LANGUAGE_KEYS, type LanguageCode } from './editor-form.js';
export { languageName, weekdayName, type LocalizedText } from './localized.js';
export { directoryRoutes } from './directory.routes.js';
export { publishedIndexOf } from './published-index.js';
