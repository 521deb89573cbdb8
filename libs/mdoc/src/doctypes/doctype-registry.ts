import { MdocError } from '../mdoc-error';
import { findElementType, toElementValue, type DocTypeDefinition } from './data-element';
import { MDL_DOCTYPE_DEFINITION } from './mdl/mdl-namespace';
import { PID_DOCTYPE_DEFINITION } from './pid/pid-namespace';

export const DOCTYPES: readonly DocTypeDefinition[] = [MDL_DOCTYPE_DEFINITION, PID_DOCTYPE_DEFINITION];

export function docTypeDefinition(docType: string): DocTypeDefinition {
  const definition = DOCTYPES.find((candidate) => candidate.docType === docType);
  if (!definition) throw new MdocError('ELEMENT_INVALID', `unknown doctype ${docType}; known: ${DOCTYPES.map((d) => d.docType).join(', ')}`);
  return definition;
}

/** JSON claims as officials and the console provide them: namespace → element → JSON value. */
export type ClaimsInput = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

/**
 * Validates claims against the doctype (every mandatory element present, every element known,
 * every value of its type and length) and converts them to CBOR element values, adding derived
 * elements (age_over_NN). Throws ELEMENT_MISSING / ELEMENT_INVALID naming the element.
 */
export function prepareClaims(definition: DocTypeDefinition, claims: ClaimsInput, issuedAt: Date): Map<string, Map<string, unknown>> {
  const prepared = new Map<string, Map<string, unknown>>();
  for (const [namespace, elements] of Object.entries(claims)) {
    const nsDefinition = definition.namespaces.find((candidate) => candidate.namespace === namespace);
    const values = new Map<string, unknown>();
    for (const [identifier, value] of Object.entries(elements)) {
      if (!nsDefinition) {
        values.set(identifier, value);
        continue;
      }
      const type = findElementType(nsDefinition, identifier);
      if (!type) throw new MdocError('ELEMENT_INVALID', `${namespace}/${identifier} is not a data element of ${definition.docType}`, { element: identifier });
      const maxLength = nsDefinition.elements.find((element) => element.identifier === identifier)?.maxLength;
      if (maxLength !== undefined && typeof value === 'string' && value.length > maxLength) {
        throw new MdocError('ELEMENT_INVALID', `${namespace}/${identifier} is longer than ${maxLength} characters`, { element: identifier });
      }
      values.set(identifier, toElementValue(type, value, `${namespace}/${identifier}`));
    }
    prepared.set(namespace, values);
  }
  for (const nsDefinition of definition.namespaces) {
    for (const element of nsDefinition.elements) {
      if (element.mandatory && !prepared.get(nsDefinition.namespace)?.has(element.identifier)) {
        throw new MdocError('ELEMENT_MISSING', `${nsDefinition.namespace}/${element.identifier} is mandatory for ${definition.docType}`, { element: element.identifier });
      }
    }
  }
  for (const [namespace, derived] of definition.derive?.(prepared, issuedAt) ?? []) {
    const target = prepared.get(namespace) ?? new Map<string, unknown>();
    for (const [identifier, value] of derived) target.set(identifier, value);
    prepared.set(namespace, target);
  }
  return prepared;
}
