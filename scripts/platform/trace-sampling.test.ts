import { appSamplerEnv, traceSamplingRate } from './apps';

describe('trace sampling', () => {
  it('traces everything unless PLATFORM_TRACE_SAMPLING_RATE says otherwise', () => {
    expect(traceSamplingRate({})).toBeUndefined();
    expect(appSamplerEnv(traceSamplingRate({}))).toEqual({});
  });

  it('gives the apps a parent-based ratio sampler at the sidecars’ rate', () => {
    expect(appSamplerEnv(traceSamplingRate({ PLATFORM_TRACE_SAMPLING_RATE: '0.1' }))).toEqual({
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0.1',
    });
  });

  it('refuses a rate outside 0 to 1, naming it', () => {
    for (const bad of ['2', '-0.5', 'ten', '0.']) {
      expect(() => traceSamplingRate({ PLATFORM_TRACE_SAMPLING_RATE: bad })).toThrow(`not '${bad}'`);
    }
    expect(traceSamplingRate({ PLATFORM_TRACE_SAMPLING_RATE: '1.0' })).toBe('1.0');
  });
});
