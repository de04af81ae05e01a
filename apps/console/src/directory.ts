/** Said on the window when a committee or campaign was created, so the lists to choose from are read again. */
export const DIRECTORY_CHANGED = 'hustings:directory-changed';

export const directoryChanged = (): void => {
  window.dispatchEvent(new Event(DIRECTORY_CHANGED));
};
