// The desk's forms: what an operator may type, and the messages when it is wrong. Dates are checked as
// calendar dates (no 30 February), birth dates are not in the future, document numbers have the shape of
// their type, phone numbers have enough digits.
import { z } from 'zod';
import { parseForm, zCheckbox, zEmail, zList, zOptionalText, zText, type FormResult, type FormValues } from '../../kernel/ui/form.js';
import { LANGUAGE_CODES } from '../directory/index.js';
import { DOCUMENT_FORMATS, DOCUMENT_TYPES, ITALIAN_LEVELS, normalizeDocumentNumber, normalizePhone, type Person, type PersonData } from './people.js';
import { COUNTRY_CODES } from './countries.js';
import { CONTACT_CHANNELS, URGENCIES } from './contacts-and-needs.js';
import { CONSENT_PURPOSES } from './record-person.js';
import { isCalendarDate, romeDate as todayInRome } from './rome-dates.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export { isCalendarDate };

const zBirthDate = z
  .string()
  .trim()
  .refine(isCalendarDate, { message: 'desk.validation.date' })
  .refine((v) => v >= '1900-01-01', { message: 'desk.validation.date' })
  .refine((v) => v <= todayInRome(), { message: 'desk.validation.birthDateFuture' })
  .optional();

const zPhone = z
  .string()
  .trim()
  .max(30)
  .refine((v) => /^[+0-9 ()./-]+$/.test(v) && normalizePhone(v).length >= 6 && normalizePhone(v).length <= 15, { message: 'desk.validation.phone' })
  .optional();

export const ZPerson = z
  .object({
    givenName: zText(100),
    familyName: zText(100),
    latinName: zOptionalText(200),
    birthDate: zBirthDate,
    phone: zPhone,
    email: zEmail.optional(),
    documentType: z.enum(DOCUMENT_TYPES).optional(),
    documentNumber: z.string().trim().max(40).optional(),
    nationality: z.enum(COUNTRY_CODES).optional(),
    languages: zList(z.enum(LANGUAGE_CODES)),
    italianLevel: z.enum(ITALIAN_LEVELS).optional(),
    municipalityCode: z.string().regex(/^[0-9]{6}$/).optional(),
  })
  .superRefine((p, ctx) => {
    if (p.documentNumber && !p.documentType) ctx.addIssue({ code: 'custom', path: ['documentType'], message: 'desk.validation.documentTypeRequired' });
    if (p.documentType && !p.documentNumber) ctx.addIssue({ code: 'custom', path: ['documentNumber'], message: 'validation.required' });
    if (p.documentType && p.documentNumber && !DOCUMENT_FORMATS[p.documentType].test(normalizeDocumentNumber(p.documentNumber))) {
      ctx.addIssue({ code: 'custom', path: ['documentNumber'], message: `desk.validation.documentFormat.${p.documentType}` });
    }
  });

export type PersonForm = z.output<typeof ZPerson>;

export function parsePersonForm(body: unknown): FormResult<PersonData> {
  return parseForm(ZPerson, body) as FormResult<PersonData>;
}

export function personFormValues(p: Person): FormValues {
  return {
    givenName: p.givenName,
    familyName: p.familyName,
    latinName: p.latinName,
    birthDate: p.birthDate,
    phone: p.phone,
    email: p.email,
    documentType: p.documentType,
    documentNumber: p.documentNumber,
    nationality: p.nationality,
    languages: p.languages,
    italianLevel: p.italianLevel,
    municipalityCode: p.municipalityCode,
  };
}

export const ZConsent = z
  .object({
    purposes: zList(z.enum(CONSENT_PURPOSES)).pipe(z.array(z.enum(CONSENT_PURPOSES)).min(1, { message: 'desk.validation.purposes' })),
    organizationIds: zList(z.string().regex(UUID)),
    sharesContact: zCheckbox,
    givenHow: z.enum(['signed_form', 'oral_with_witness']),
    witnessName: zOptionalText(120),
  })
  .superRefine((c, ctx) => {
    if (c.givenHow === 'oral_with_witness' && (!c.witnessName || c.witnessName.length < 2)) {
      ctx.addIssue({ code: 'custom', path: ['witnessName'], message: 'desk.validation.witness' });
    }
  });

export const ZContact = z.object({
  channel: z.enum(CONTACT_CHANNELS),
  languageCode: z.enum(LANGUAGE_CODES),
  mediatorPresent: zCheckbox,
  note: zOptionalText(1000),
});

export const ZAnonymousContact = ZContact.extend({ nationality: z.enum(COUNTRY_CODES).optional() });

export const ZNeed = z.object({
  termCode: z.string().regex(/^[a-z0-9_.-]{1,64}$/, { message: 'validation.choose' }),
  urgency: z.enum(URGENCIES),
  note: zOptionalText(500),
});

export const ZRefer = z.object({
  serviceId: z.string({ message: 'desk.validation.chooseService' }).regex(UUID, { message: 'desk.validation.chooseService' }),
  note: zOptionalText(500),
});

export const ZSearch = z.object({
  q: z.string().trim().max(200).optional().catch(undefined),
  birthDate: z.string().trim().max(10).optional().catch(undefined),
  document: z.string().trim().max(40).optional().catch(undefined),
});

export const ZBreakGlass = z.object({
  reason: z.string({ message: 'desk.validation.reason' }).trim().min(10, { message: 'desk.validation.reason' }).max(2000),
});

export const ZMerge = z.object({
  duplicateId: z.string({ message: 'validation.choose' }).regex(UUID, { message: 'validation.choose' }),
});
