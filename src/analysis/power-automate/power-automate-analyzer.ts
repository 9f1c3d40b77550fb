/**
 * Power Automate's analyzer: reads a solution's or a package's flows (or one flow's JSON) into the
 * flow model. SKELETON, filled by the Power Automate work (issue 16): until then every submission
 * is refused with UNSUPPORTED_PLATFORM (a 422 naming the platform), never analysed half-way.
 *
 * @module
 */
import { InputFileError, type PlatformAnalyzer } from '../platform-analyzer.js'

export const powerAutomateAnalyzer: PlatformAnalyzer<never> = {
  platform: 'power-automate',
  read(submission) {
    throw new InputFileError(
      'UNSUPPORTED_PLATFORM',
      'Power Automate flows are recognised but not analysed by this build yet.',
      { fileName: submission.submissionName },
    )
  },
}
