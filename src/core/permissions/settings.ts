// Settings moved to src/core/config/ (one loader every host uses); kept so older imports still work.
export * from '../config/settingsFiles';
export { loadSettings } from '../config/loader';
export type { LoadedSettings, SettingsLocations } from '../config/loader';
