/**
 * The platforms the API names in `platform` (results, packs, rules), with their labels: the same
 * list as the server's src/domain/platforms.ts (the dashboard is a client of the public API and
 * imports nothing from the server; test/web/platforms.test.ts keeps the two lists equal).
 */
export const PLATFORM_LABELS: Readonly<Record<string, string>> = Object.freeze({
  uipath: 'UiPath',
  'power-automate': 'Power Automate',
  'blue-prism': 'Blue Prism',
})

/** The label of a platform the API sent; an unknown one shows as sent. */
export function platformLabel(platform: string): string {
  return PLATFORM_LABELS[platform] ?? platform
}
