/** The fields a person edits, read from a customer as `customers.get` gives it (for customers.update). */
import { CUSTOMER_EDITABLE_FIELDS } from '../../main/core/sync/mapping';

export const editableFieldsOf = (detail: Record<string, unknown>) =>
  Object.fromEntries(CUSTOMER_EDITABLE_FIELDS.map((field) => [field, detail[field]]));
