/**
 * Public surface of the XAML reader: `parseXaml`, the error type, the model types and the query helpers.
 * Rules import from here.
 *
 * @module
 */
export * from './model-queries.js'
export { parseXaml } from './parse-xaml.js'
export * from './workflow-model.js'
export * from './xaml-error.js'
export { XAML_LIMIT_REFUSALS, type XamlLimitName } from './xaml-limits.js'
export { clrNamespaceOf, XAML_NS } from './xaml-names.js'
