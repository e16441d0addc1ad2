// A person as the desk records them: what is sealed (direct identifiers), what is kept in clear for the
// figures (country, birth year, languages), and the blind indexes used to find them again or spot a
// duplicate without ever searching the clear text.
import { normalizeForIndex, type FieldCrypto } from '../../kernel/crypto/fields.js';

export const DOCUMENT_TYPES = ['passport', 'residence_permit', 'permit_receipt', 'identity_card', 'asylum_application', 'other'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];
export const ITALIAN_LEVELS = ['none', 'a1', 'a2', 'b1', 'b2', 'c1', 'c2'] as const;
export type ItalianLevel = (typeof ITALIAN_LEVELS)[number];

/**
 * The shape of a document number by type, after normalization (upper case, no spaces or dashes):
 * passports 6–9 letters and digits; the Italian identity card (CIE "CA12345AB" or paper "AB1234567");
 * the electronic residence permit 9–10; the postal receipt of a permit application 12 digits; the
 * police's unique identifier (CUI) of an asylum seeker 7–10; any other document 3–30.
 */
export const DOCUMENT_FORMATS: Record<DocumentType, RegExp> = {
  passport: /^[A-Z0-9]{6,9}$/,
  identity_card: /^(C[A-Z][0-9]{5}[A-Z]{2}|[A-Z]{2}[0-9]{7})$/,
  residence_permit: /^[A-Z0-9]{9,10}$/,
  permit_receipt: /^[0-9]{12}$/,
  asylum_application: /^[A-Z0-9]{7,10}$/,
  other: /^[A-Z0-9/]{3,30}$/,
};

export const normalizeDocumentNumber = (value: string): string => value.toUpperCase().replace(/[\s.-]+/g, '');

/** Phone numbers compared by their digits, without the Italian country prefix. */
export function normalizePhone(value: string): string {
  const digits = value.replace(/[^0-9+]/g, '').replace(/^(\+|00)39/, '');
  return digits.replace(/\D/g, '');
}

export interface PersonData {
  givenName: string;
  familyName: string;
  latinName?: string | undefined;
  /** YYYY-MM-DD */
  birthDate?: string | undefined;
  phone?: string | undefined;
  email?: string | undefined;
  documentType?: DocumentType | undefined;
  documentNumber?: string | undefined;
  nationality?: string | undefined;
  languages: string[];
  italianLevel?: ItalianLevel | undefined;
  municipalityCode?: string | undefined;
}

/** The columns of desk_people that are sealed, and the place each value is bound to. */
export const SEALED = ['given_name', 'family_name', 'latin_name', 'birth_date', 'phone', 'email', 'document_number'] as const;
export type SealedColumn = (typeof SEALED)[number];
export const personPlace = (column: SealedColumn, personId: string) => `desk_people:${column}:${personId}`;

/** Words of names, normalized (accents, case), two letters or more: "El-Idrissi  Amina" → ["el", "idrissi", "amina"]. */
export function nameWords(...names: (string | undefined | null)[]): string[] {
  const words = names
    .filter((n): n is string => !!n)
    .flatMap((n) => normalizeForIndex(n).split(/[^\p{L}\p{N}]+/u))
    .filter((w) => w.length >= 2);
  return [...new Set(words)];
}

/** The blind index of a whole name: its words sorted, so that given and family name may come in any order. */
export function nameIndex(crypto: FieldCrypto, givenName: string, familyName: string): string {
  return crypto.blindIndex(nameWords(givenName, familyName).sort().join(' '), 'desk-name');
}

export const wordIndex = (crypto: FieldCrypto, word: string) => crypto.blindIndex(word, 'desk-word');
export const birthDateIndex = (crypto: FieldCrypto, date: string) => crypto.blindIndex(date, 'desk-birth');
export const documentIndex = (crypto: FieldCrypto, number: string) => crypto.blindIndex(normalizeDocumentNumber(number), 'desk-document');
export const phoneIndex = (crypto: FieldCrypto, phone: string) => crypto.blindIndex(normalizePhone(phone), 'desk-phone');

/** The blind indexes of a person, as stored. */
export function indexesOf(crypto: FieldCrypto, p: PersonData) {
  return {
    name: nameIndex(crypto, p.givenName, p.familyName),
    words: nameWords(p.givenName, p.familyName, p.latinName).map((w) => wordIndex(crypto, w)),
    birthDate: p.birthDate ? birthDateIndex(crypto, p.birthDate) : null,
    document: p.documentNumber ? documentIndex(crypto, p.documentNumber) : null,
    phone: p.phone ? phoneIndex(crypto, p.phone) : null,
  };
}

/** The sealed values of a person, bound to the record's id. */
export function sealPerson(crypto: FieldCrypto, id: string, p: PersonData): Record<SealedColumn, string | null> {
  const seal = (column: SealedColumn, value: string | undefined) => (value ? crypto.seal(value, personPlace(column, id)) : null);
  return {
    given_name: seal('given_name', p.givenName),
    family_name: seal('family_name', p.familyName),
    latin_name: seal('latin_name', p.latinName),
    birth_date: seal('birth_date', p.birthDate),
    phone: seal('phone', p.phone),
    email: seal('email', p.email),
    document_number: seal('document_number', p.documentNumber ? normalizeDocumentNumber(p.documentNumber) : undefined),
  };
}

export interface PersonRow {
  id: string;
  organization_id: string;
  given_name_enc: string;
  family_name_enc: string;
  latin_name_enc: string | null;
  birth_date_enc: string | null;
  phone_enc: string | null;
  email_enc: string | null;
  document_type: DocumentType | null;
  document_number_enc: string | null;
  nationality: string | null;
  birth_year: number | null;
  languages: string[];
  italian_level: ItalianLevel | null;
  municipality_code: string | null;
  merged_into: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface Person extends PersonData {
  id: string;
  organizationId: string;
  mergedInto: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Opens a stored person (every opening must be audited by the caller: it is a read of personal data). */
export function openPerson(crypto: FieldCrypto, row: PersonRow): Person {
  const open = (column: SealedColumn, sealed: string | null) => (sealed ? crypto.open(sealed, personPlace(column, row.id)) : undefined);
  return {
    id: row.id,
    organizationId: row.organization_id,
    givenName: open('given_name', row.given_name_enc)!,
    familyName: open('family_name', row.family_name_enc)!,
    latinName: open('latin_name', row.latin_name_enc),
    birthDate: open('birth_date', row.birth_date_enc),
    phone: open('phone', row.phone_enc),
    email: open('email', row.email_enc),
    documentType: row.document_type ?? undefined,
    documentNumber: open('document_number', row.document_number_enc),
    nationality: row.nationality ?? undefined,
    languages: row.languages,
    italianLevel: row.italian_level ?? undefined,
    municipalityCode: row.municipality_code?.trim() ?? undefined,
    mergedInto: row.merged_into,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

/** What a list of people shows of each (names and birth date): three values opened, not all seven. */
export function openListFields(crypto: FieldCrypto, row: PersonRow): Pick<Person, 'id' | 'organizationId' | 'givenName' | 'familyName' | 'birthDate' | 'nationality' | 'municipalityCode'> {
  return {
    id: row.id,
    organizationId: row.organization_id,
    givenName: crypto.open(row.given_name_enc, personPlace('given_name', row.id)),
    familyName: crypto.open(row.family_name_enc, personPlace('family_name', row.id)),
    birthDate: row.birth_date_enc ? crypto.open(row.birth_date_enc, personPlace('birth_date', row.id)) : undefined,
    nationality: row.nationality ?? undefined,
    municipalityCode: row.municipality_code?.trim() ?? undefined,
  };
}

export const displayName = (p: Pick<PersonData, 'givenName' | 'familyName'>) => `${p.givenName} ${p.familyName}`;
