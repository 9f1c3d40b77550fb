/**
 * The worst-case workflow files of issue 10 (item 2), built in memory, for the API test
 * (test/api/hostile-input.test.ts) and the memory benchmark (bench/hostile-input-memory.bench.ts):
 * the same bytes in both, so the test's refusals and the benchmark's RSS figures describe one set
 * of inputs. Sizes follow the reader's limits (DEFAULT_XAML_LIMITS) where "near the limit" is
 * meant, so they stay worst cases when a limit moves.
 */
import { DEFAULT_XAML_LIMITS } from '../../src/analysis/xaml/workflow-model.js'

const ACTIVITIES_NS = 'http://schemas.microsoft.com/netfx/2009/xaml/activities'
const HEADER =
  `<Activity mc:Ignorable="sap sap2010" x:Class="Main" xmlns="${ACTIVITIES_NS}" ` +
  'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" ' +
  'xmlns:sap="http://schemas.microsoft.com/netfx/2009/xaml/activities/presentation" ' +
  'xmlns:sap2010="http://schemas.microsoft.com/netfx/2010/xaml/activities/presentation" ' +
  'xmlns:ui="http://schemas.uipath.com/workflow/activities" ' +
  'xmlns:x="http://schemas.microsoft.com/winfx/2006/xaml">\n'
const FOOTER = '\n</Activity>'

const MiB = 1024 * 1024

/** One hostile (or normal) input: what it is, its bytes, and what the API must answer. */
export interface HostileWorkflow {
  /** Short name used in test titles and benchmark rows. */
  readonly name: string
  readonly fileName: string
  readonly content: Buffer
  /** 201 when it must be accepted, else the error code it must be refused with. */
  readonly expected: 201 | string
}

function document(body: string): Buffer {
  return Buffer.from(`${HEADER}${body}${FOOTER}`, 'utf8')
}

/** `count` empty elements (`<a/>`, 4 bytes each): ~3.8 MiB for a million. */
export function emptyElements(count = 1_000_000): HostileWorkflow {
  return {
    name: `${(count / 1e6).toFixed(1)}M empty elements`,
    fileName: 'EmptyElements.xaml',
    content: document('<a/>'.repeat(count)),
    expected: 'XAML_TOO_LARGE',
  }
}

/**
 * A file just under the byte limit made of small activities (more elements than the element
 * limit allows): the reader must refuse it on the element count, long before its end.
 */
export function nearByteLimitOfSmallActivities(
  bytes = DEFAULT_XAML_LIMITS.maxBytes - 100 * 1024,
): HostileWorkflow {
  const unit = '<Sequence DisplayName="S" />\n'
  const count = Math.floor((bytes - HEADER.length - FOOTER.length - 20) / unit.length)
  return {
    name: `${(bytes / MiB).toFixed(1)} MiB of small activities`,
    fileName: 'ManyActivities.xaml',
    content: document(`<Sequence>${unit.repeat(count)}</Sequence>`),
    expected: 'XAML_TOO_LARGE',
  }
}

/** One `DisplayName` attribute of `bytes` bytes on an activity that rules report (an empty Sequence). */
export function hugeDisplayName(bytes = 5 * MiB): HostileWorkflow {
  return {
    name: `${(bytes / MiB).toFixed(0)} MiB DisplayName`,
    fileName: 'HugeDisplayName.xaml',
    content: document(
      `<Sequence DisplayName="Main"><Sequence DisplayName="${'D'.repeat(bytes)}" /></Sequence>`,
    ),
    expected: 'XAML_TOO_LARGE',
  }
}

/** 49,000 activities (under the element limit) nested under 500 wrapper (argument) elements: N × D links in the model. */
export function wrappedActivities(wrappers = 500, activities = 49_000): HostileWorkflow {
  return {
    name: `${activities} activities under ${wrappers} wrappers`,
    fileName: 'Wrapped.xaml',
    content: document(
      `${'<InArgument>'.repeat(wrappers)}${'<Delay/>'.repeat(activities)}${'</InArgument>'.repeat(wrappers)}`,
    ),
    expected: 'XAML_TOO_COMPLEX',
  }
}

/** Empty Sequences up to the element limit: accepted, ~2 findings each, of which a result lists 5,000. */
export function manyFindings(): HostileWorkflow {
  const count = DEFAULT_XAML_LIMITS.maxElements - 10
  return {
    name: `${count} empty Sequences (findings)`,
    fileName: 'ManyFindings.xaml',
    content: document(`<Sequence DisplayName="Main">${'<Sequence />'.repeat(count)}</Sequence>`),
    expected: 201,
  }
}

/**
 * An accepted file as close to every limit as a real workflow shape allows: ~9.9 MiB, just under
 * the element limit and the attribute-bytes limit, each Assign with a DisplayName, a typed
 * variable reference and a long expression, so the reader stores the most per element and every
 * rule has work on every node.
 */
export function nearEveryLimit(index = 0): HostileWorkflow {
  const limits = DEFAULT_XAML_LIMITS
  // Per Assign: Assign, Assign.To, OutArgument, Assign.Value, InArgument = 5 elements.
  const assigns = Math.floor((limits.maxElements - 10) / 5)
  const assign = (name: string, literal: string) =>
    `<Assign DisplayName="${name}"><Assign.To><OutArgument x:TypeArguments="x:String">[out${index}]</OutArgument></Assign.To>` +
    `<Assign.Value><InArgument x:TypeArguments="x:String">[in1 + "${literal}"]</InArgument></Assign.Value></Assign>\n`
  const empty = assign('', '')
  // Attribute bytes: the root's declarations, then DisplayName + 2 × "x:String" per Assign.
  const attributeRoom = limits.maxTotalAttributeBytes - HEADER.length - 64 * 1024
  const nameBytes = Math.floor(attributeRoom / assigns) - 16
  const byteRoom = limits.maxBytes - 100 * 1024 - HEADER.length - FOOTER.length - 400
  const literalBytes = Math.floor(byteRoom / assigns) - empty.length - nameBytes
  const parts: string[] = []
  for (let i = 0; i < assigns; i++) {
    const name = `Assign ${String(i).padStart(6, '0')} `.padEnd(nameBytes, 'n')
    parts.push(assign(name, `${i} `.padEnd(literalBytes, 'l')))
  }
  return {
    name: 'near every limit',
    fileName: `NearLimit${index}.xaml`,
    content: document(
      `<Sequence DisplayName="Main"><Sequence.Variables><Variable x:TypeArguments="x:String" Name="out${index}" />` +
        `<Variable x:TypeArguments="x:String" Name="in1" /></Sequence.Variables>${parts.join('')}</Sequence>`,
    ),
    expected: 201,
  }
}
