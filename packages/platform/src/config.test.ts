import { baseConfigSchema, ConfigError, loadConfig } from './config';

const valid = {
  APP_ID: 'order',
  APP_PORT: '3001',
  DAPR_API_TOKEN: 'x'.repeat(32),
  APP_API_TOKEN: 'y'.repeat(32),
};

describe('loadConfig', () => {
  it('parses and coerces a valid environment, applying defaults', () => {
    const config = loadConfig(baseConfigSchema, valid);
    expect(config.APP_PORT).toBe(3001);
    expect(config.DAPR_HTTP_PORT).toBe(3500);
    expect(config.LOG_LEVEL).toBe('info');
  });

  it('fails at start naming every bad variable', () => {
    const attempt = () => loadConfig(baseConfigSchema, { ...valid, APP_PORT: 'eighty', DAPR_API_TOKEN: 'short' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/APP_PORT/);
    expect(attempt).toThrow(/DAPR_API_TOKEN/);
  });
});
