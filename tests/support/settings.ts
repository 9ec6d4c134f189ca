/** The settings the browser host tests' stand-in registry answers (they test the transport, not the values). */
import type { Settings } from '../../shared/domain';

export const SAMPLE_SETTINGS: Settings = {
  paymentMethods: ['EFT'],
  reportTotalsIncludeGst: false,
  closeToTray: true,
  yourName: '',
  defaultName: 'office',
  timeZone: 'Australia/Perth',
};
