// Drizzle tables for the directory; migrations/0002_directory.sql is the source of truth.
import { boolean, char, date, doublePrecision, integer, jsonb, numeric, pgTable, text, time, timestamp, uuid } from 'drizzle-orm/pg-core';

const tz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const id = () => uuid('id').primaryKey().defaultRandom();

/** Texts in other languages than Italian: { en: { name: '…', description: '…' }, … }. */
export type Translations = Record<string, Record<string, string>>;
const translations = () => jsonb('translations').$type<Translations>().notNull().default({});

export const municipalities = pgTable('municipalities', {
  code: char('code', { length: 6 }).primaryKey(),
  name: text('name').notNull(),
  provinceCode: char('province_code', { length: 3 }).notNull(),
  provinceName: text('province_name').notNull(),
  postalCode: text('postal_code'),
  latitude: doublePrecision('latitude').notNull(),
  longitude: doublePrecision('longitude').notNull(),
});

export const taxonomies = pgTable('dir_taxonomies', {
  id: id(),
  name: text('name').notNull(),
  description: text('description').notNull(),
  uri: text('uri'),
  version: text('version'),
});

export const taxonomyTerms = pgTable('dir_taxonomy_terms', {
  id: id(),
  taxonomyId: uuid('taxonomy_id').notNull(),
  code: text('code').notNull(),
  name: text('name').notNull(),
  description: text('description').notNull(),
  parentId: uuid('parent_id'),
  termUri: text('term_uri'),
  position: integer('position').notNull().default(0),
  translations: translations(),
});

export const dirOrganizations = pgTable('dir_organizations', {
  id: id(),
  ownerOrganizationId: uuid('owner_organization_id'),
  name: text('name').notNull(),
  alternateName: text('alternate_name'),
  description: text('description').notNull().default(''),
  email: text('email'),
  website: text('website'),
  taxId: text('tax_id'),
  legalStatus: text('legal_status'),
  uri: text('uri'),
  parentOrganizationId: uuid('parent_organization_id'),
  translations: translations(),
  createdAt: tz('created_at').notNull().defaultNow(),
  updatedAt: tz('updated_at').notNull().defaultNow(),
});

export const programs = pgTable('dir_programs', {
  id: id(),
  organizationId: uuid('organization_id').notNull(),
  name: text('name').notNull(),
  alternateName: text('alternate_name'),
  description: text('description').notNull().default(''),
});

export const PUBLICATION_STATUSES = ['draft', 'in_review', 'published', 'returned'] as const;
export const SERVICE_STATUSES = ['active', 'inactive', 'defunct', 'temporarily closed'] as const;

export const services = pgTable('dir_services', {
  id: id(),
  organizationId: uuid('organization_id').notNull(),
  programId: uuid('program_id'),
  name: text('name').notNull(),
  alternateName: text('alternate_name'),
  description: text('description').notNull().default(''),
  url: text('url'),
  email: text('email'),
  status: text('status', { enum: SERVICE_STATUSES }).notNull().default('active'),
  interpretationServices: text('interpretation_services'),
  applicationProcess: text('application_process'),
  feesDescription: text('fees_description'),
  waitTime: text('wait_time'),
  eligibilityDescription: text('eligibility_description'),
  minimumAge: integer('minimum_age'),
  maximumAge: integer('maximum_age'),
  alert: text('alert'),
  freeOfCharge: boolean('free_of_charge').notNull().default(false),
  appointmentRequired: boolean('appointment_required').notNull().default(false),
  translations: translations(),
  publicationStatus: text('publication_status', { enum: PUBLICATION_STATUSES }).notNull().default('draft'),
  reviewNote: text('review_note'),
  submittedAt: tz('submitted_at'),
  publishedAt: tz('published_at'),
  lastVerifiedAt: tz('last_verified_at'),
  lastVerifiedBy: uuid('last_verified_by'),
  createdAt: tz('created_at').notNull().defaultNow(),
  updatedAt: tz('updated_at').notNull().defaultNow(),
});

export const locations = pgTable('dir_locations', {
  id: id(),
  organizationId: uuid('organization_id'),
  locationType: text('location_type', { enum: ['physical', 'postal', 'virtual'] }).notNull().default('physical'),
  url: text('url'),
  name: text('name'),
  alternateName: text('alternate_name'),
  description: text('description'),
  transportation: text('transportation'),
  latitude: doublePrecision('latitude'),
  longitude: doublePrecision('longitude'),
  municipalityCode: char('municipality_code', { length: 6 }),
  wheelchairAccessible: boolean('wheelchair_accessible'),
  externalIdentifier: text('external_identifier'),
  externalIdentifierType: text('external_identifier_type'),
  translations: translations(),
});

export const addresses = pgTable('dir_addresses', {
  id: id(),
  locationId: uuid('location_id').notNull(),
  attention: text('attention'),
  address1: text('address_1').notNull(),
  address2: text('address_2'),
  city: text('city').notNull(),
  region: text('region'),
  stateProvince: text('state_province').notNull(),
  postalCode: text('postal_code').notNull(),
  country: char('country', { length: 2 }).notNull().default('IT'),
  addressType: text('address_type').notNull().default('physical'),
});

export const serviceAtLocations = pgTable('dir_service_at_locations', {
  id: id(),
  serviceId: uuid('service_id').notNull(),
  locationId: uuid('location_id').notNull(),
  description: text('description'),
});

export const contacts = pgTable('dir_contacts', {
  id: id(),
  organizationId: uuid('organization_id'),
  serviceId: uuid('service_id'),
  serviceAtLocationId: uuid('service_at_location_id'),
  locationId: uuid('location_id'),
  name: text('name'),
  title: text('title'),
  department: text('department'),
  email: text('email'),
});

export const phones = pgTable('dir_phones', {
  id: id(),
  locationId: uuid('location_id'),
  serviceId: uuid('service_id'),
  organizationId: uuid('organization_id'),
  contactId: uuid('contact_id'),
  serviceAtLocationId: uuid('service_at_location_id'),
  number: text('number').notNull(),
  extension: text('extension'),
  type: text('type'),
  description: text('description'),
});

export const schedules = pgTable('dir_schedules', {
  id: id(),
  serviceId: uuid('service_id'),
  locationId: uuid('location_id'),
  serviceAtLocationId: uuid('service_at_location_id'),
  validFrom: date('valid_from'),
  validTo: date('valid_to'),
  dtstart: date('dtstart'),
  timezone: numeric('timezone'),
  until: date('until'),
  count: integer('count'),
  wkst: text('wkst'),
  freq: text('freq'),
  interval: integer('interval'),
  byday: text('byday'),
  byweekno: text('byweekno'),
  bymonthday: text('bymonthday'),
  byyearday: text('byyearday'),
  description: text('description'),
  opensAt: time('opens_at'),
  closesAt: time('closes_at'),
  scheduleLink: text('schedule_link'),
  attendingType: text('attending_type'),
  notes: text('notes'),
});

export const languages = pgTable('dir_languages', {
  id: id(),
  serviceId: uuid('service_id'),
  locationId: uuid('location_id'),
  phoneId: uuid('phone_id'),
  name: text('name'),
  code: text('code'),
  note: text('note'),
});

export const requiredDocuments = pgTable('dir_required_documents', {
  id: id(),
  serviceId: uuid('service_id').notNull(),
  document: text('document').notNull(),
  uri: text('uri'),
  translations: translations(),
});

export const costOptions = pgTable('dir_cost_options', {
  id: id(),
  serviceId: uuid('service_id').notNull(),
  validFrom: date('valid_from'),
  validTo: date('valid_to'),
  option: text('option'),
  currency: char('currency', { length: 3 }),
  amount: numeric('amount', { precision: 12, scale: 2 }),
  amountDescription: text('amount_description'),
});

export const accessibility = pgTable('dir_accessibility', {
  id: id(),
  locationId: uuid('location_id').notNull(),
  description: text('description'),
  details: text('details'),
  url: text('url'),
});

export const serviceAreas = pgTable('dir_service_areas', {
  id: id(),
  serviceId: uuid('service_id').notNull(),
  name: text('name'),
  description: text('description'),
  extent: text('extent'),
  extentType: text('extent_type'),
  uri: text('uri'),
  municipalityCode: char('municipality_code', { length: 6 }),
});

export const funding = pgTable('dir_funding', {
  id: id(),
  organizationId: uuid('organization_id'),
  serviceId: uuid('service_id'),
  source: text('source'),
});

export const attributes = pgTable('dir_attributes', {
  id: id(),
  linkId: uuid('link_id').notNull(),
  taxonomyTermId: uuid('taxonomy_term_id').notNull(),
  linkType: text('link_type'),
  linkEntity: text('link_entity').notNull(),
  value: text('value'),
});

export const metadata = pgTable('dir_metadata', {
  id: id(),
  resourceId: uuid('resource_id').notNull(),
  resourceType: text('resource_type').notNull(),
  lastActionDate: tz('last_action_date').notNull().defaultNow(),
  lastActionType: text('last_action_type').notNull(),
  fieldName: text('field_name').notNull().default(''),
  previousValue: text('previous_value').notNull().default(''),
  replacementValue: text('replacement_value').notNull().default(''),
  updatedBy: text('updated_by').notNull(),
  updatedByUserId: uuid('updated_by_user_id'),
});

export const reports = pgTable('dir_reports', {
  id: id(),
  serviceId: uuid('service_id').notNull(),
  kind: text('kind', { enum: ['phone', 'address', 'hours', 'closed', 'other'] }).notNull(),
  message: text('message').notNull(),
  locale: text('locale').notNull(),
  status: text('status', { enum: ['open', 'resolved', 'dismissed'] }).notNull().default('open'),
  createdAt: tz('created_at').notNull().defaultNow(),
  resolvedAt: tz('resolved_at'),
  resolvedBy: uuid('resolved_by'),
});

export interface WeeklyHours {
  days: string[];
  opens: string;
  closes: string;
}

export const publishedServices = pgTable('dir_published_services', {
  serviceId: uuid('service_id').primaryKey(),
  organizationId: uuid('organization_id').notNull(),
  document: jsonb('document').$type<Record<string, unknown>>().notNull(),
  translations: jsonb('translations').$type<Translations>().notNull().default({}),
  name: text('name').notNull(),
  municipalityCodes: text('municipality_codes').array().notNull().default([]),
  languageCodes: text('language_codes').array().notNull().default([]),
  termCodes: text('term_codes').array().notNull().default([]),
  freeOfCharge: boolean('free_of_charge').notNull(),
  wheelchairAccessible: boolean('wheelchair_accessible').notNull(),
  appointmentRequired: boolean('appointment_required').notNull(),
  hours: jsonb('hours').$type<WeeklyHours[]>().notNull().default([]),
  closedDates: date('closed_dates').array().notNull().default([]),
  searchText: text('search_text').notNull(),
  // tsvector: written with SQL in publish-service.ts, never read as a value.
  searchVector: text('search_vector').notNull(),
  lastVerifiedAt: tz('last_verified_at'),
  publishedAt: tz('published_at').notNull(),
  modifiedAt: tz('modified_at').notNull(),
});

/** An uploaded HSDS package: its dry run, then its import (migrations/0008, import-jobs.ts). */
export const IMPORT_JOB_STATUSES = ['checking', 'checked', 'rejected', 'importing', 'imported', 'failed'] as const;
export type ImportJobStatus = (typeof IMPORT_JOB_STATUSES)[number];

export const importJobs = pgTable('dir_import_jobs', {
  id: id(),
  createdBy: uuid('created_by'),
  createdAt: tz('created_at').notNull().defaultNow(),
  updatedAt: tz('updated_at').notNull().defaultNow(),
  status: text('status', { enum: IMPORT_JOB_STATUSES }).notNull().default('checking'),
  publish: boolean('publish').notNull().default(false),
  fileNames: text('file_names').array().notNull().default([]),
  files: jsonb('files').$type<{ name: string; text: string; resource?: string }[]>(),
  phase: text('phase', { enum: ['checking', 'writing'] }),
  processed: integer('processed').notNull().default(0),
  total: integer('total').notNull().default(0),
  report: jsonb('report').$type<Record<string, unknown>>(),
  confirmedBy: uuid('confirmed_by'),
  confirmedAt: tz('confirmed_at'),
  finishedAt: tz('finished_at'),
});
