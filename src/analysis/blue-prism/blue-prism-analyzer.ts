/**
 * Blue Prism's analyzer. SKELETON until the reader lands (issue 16).
 *
 * @module
 */
import { InputFileError, type PlatformAnalyzer } from '../platform-analyzer.js'

export const bluePrismAnalyzer: PlatformAnalyzer<never> = {
  platform: 'blue-prism',
  read(submission) {
    throw new InputFileError('UNSUPPORTED_PLATFORM', 'Blue Prism is not analysed by this build yet.', {
      fileName: submission.submissionName,
    })
  },
}
