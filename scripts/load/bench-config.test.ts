import { configurationChanges } from './bench';

describe('configurationChanges', () => {
  it('is empty for the development configuration', () => {
    expect(configurationChanges({}, {})).toBe('');
  });

  it('names every app variable and the trace sampling a run changed', () => {
    expect(configurationChanges({ OTEL_SDK_DISABLED: 'true' }, { PLATFORM_TRACE_SAMPLING_RATE: '0' })).toBe(
      ', except: OTEL_SDK_DISABLED=true in every app; trace sampling 0 (sidecars and apps)',
    );
  });
});
