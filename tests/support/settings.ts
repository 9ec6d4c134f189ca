/** One app settings value for tests that only need the shape of `settings.get`'s answer (the host's transport tests). */
import type { Settings } from '../../shared/domain';

export const SAMPLE_SETTINGS: Settings = {
  paymentMethods: ['EFT'],
  reportTotalsIncludeGst: false,
  closeToTray: true,
  theme: 'system',
  yourName: '',
  defaultName: 'office',
  timeZone: 'Australia/Perth',
  firstStartAnswered: true,
};
