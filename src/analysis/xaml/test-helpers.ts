/**
 * Test support for the XAML reader: locating the shared corpus (next to the project, or next to the
 * repository's parent in CI clones) and wrapping snippets in a workflow root. Used by tests only.
 *
 * @module
 */
import { existsSync, readdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
/** Project root (…/src/analysis/xaml → …). */
export const PROJECT_ROOT = resolve(here, '..', '..', '..')

/**
 * The shared corpus folder, or undefined when it cannot be found: `FLOWCERTA_CORPUS_DIR` when set
 * (CI sets it when the clone is not beside shared/), else `shared/corpus` beside the project.
 * The one place tests locate the corpus.
 */
export function findCorpus(): string | undefined {
  const fromEnv = process.env.FLOWCERTA_CORPUS_DIR
  if (fromEnv !== undefined && fromEnv !== '') return existsSync(fromEnv) ? resolve(fromEnv) : undefined
  const candidates = [
    resolve(PROJECT_ROOT, '..', 'shared', 'corpus'),
    resolve(PROJECT_ROOT, '..', '..', 'shared', 'corpus'),
    resolve(process.cwd(), '..', 'shared', 'corpus'),
  ]
  return candidates.find((c) => existsSync(c))
}

/**
 * Corpus `.xaml` files (paths relative to the corpus, `/`-separated) that are not UiPath workflows,
 * with the refusal the reader must give each. Named one by one, not skipped by folder, so that a new
 * non-UiPath file has to be looked at before it is accepted and a UiPath file never drops out of the
 * corpus tests unnoticed. The Dataverse classic workflow ships inside the Business Approvals Kit's
 * Power Automate solution: Workflow Foundation XAML with Dataverse activities, another platform.
 */
export const NON_UIPATH_CORPUS_FILES: Readonly<Record<string, 'UNSUPPORTED_PLATFORM'>> = Object.freeze({
  'microsoft-powercat-business-approvals-kit/BusinessApprovalKit/SolutionPackage/src/Workflows/IsCancellationRuleSetOverrideApprover-EF77A2CD-5BB5-EC11-983E-000D3A09CEC6.xaml':
    'UNSUPPORTED_PLATFORM',
})

/** Every `.xaml` under `dir`, sorted. */
export function listXaml(dir: string): string[] {
  const out: string[] = []
  const todo = [dir]
  while (todo.length > 0) {
    const d = todo.pop() as string
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name)
      if (e.isDirectory()) todo.push(p)
      else if (e.name.toLowerCase().endsWith('.xaml')) out.push(p)
    }
  }
  return out.sort()
}

/**
 * Namespace declarations of a UiPath workflow, every prefix tests write without declaring it:
 * default = WF activities, `x`, `mc`, `s`, `scg`, `sap`, `sap2010`, `ui`, `uix`, `mca`.
 */
export const NS_DECLS =
  'xmlns="http://schemas.microsoft.com/netfx/2009/xaml/activities" ' +
  'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" ' +
  'xmlns:s="clr-namespace:System;assembly=mscorlib" ' +
  'xmlns:sap="http://schemas.microsoft.com/netfx/2009/xaml/activities/presentation" ' +
  'xmlns:sap2010="http://schemas.microsoft.com/netfx/2010/xaml/activities/presentation" ' +
  'xmlns:scg="clr-namespace:System.Collections.Generic;assembly=mscorlib" ' +
  'xmlns:ui="http://schemas.uipath.com/workflow/activities" ' +
  'xmlns:uix="http://schemas.uipath.com/workflow/activities/uix" ' +
  'xmlns:x="http://schemas.microsoft.com/winfx/2006/xaml" ' +
  'xmlns:mca="clr-namespace:Microsoft.CSharp.Activities;assembly=System.Activities"'

/** The root start tag of a test workflow, on one line: `<Activity x:Class="…" … NS_DECLS>`. */
export function workflowHeader(className: string, rootAttributes = ''): string {
  return `<Activity x:Class="${className}" ${rootAttributes} ${NS_DECLS}>`
}

/** Wraps body XML in `<Activity …>` with the standard namespaces; the body starts on line 2. */
export function wf(body: string, rootAttrs = ''): string {
  return `${workflowHeader('Main', rootAttrs)}\n${body}\n</Activity>`
}
