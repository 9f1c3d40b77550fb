/**
 * The shared corpus's folders that hold Blue Prism exports (its README, "Blue Prism"): read by
 * the corpus tests and the benchmark.
 *
 * @module
 */
export const BLUE_PRISM_CORPUS_FOLDERS = Object.freeze([
  'blue-prism-alicloud-recording-file-recognition',
  'blue-prism-data-gateways-university-course-materials',
  'blue-prism-file-management-utility-extended',
  'blue-prism-google-automl',
  'blue-prism-oledb-utility',
  'blue-prism-oracle-mda-utility',
  'blue-prism-release-aggregator',
  'indicodatasolutions-indico-blueprism-custom-actions',
  'shmoopysoft-blue-prism-confluent-kafka-message-example',
  'shmoopysoft-blue-prism-populate-word-document-example',
  'shmoopysoft-blue-prism-syslog-message-example',
  'viliuskerutis-sap-scripting-blue-prism',
])
