/**
 * React Aria's press handling adds a <style id="react-aria-pressable-style">
 * to <head> (touch-action on pressable elements) unless an element with that
 * id is already there; the daemon's CSP (style-src 'self') refuses inline
 * styles, so the browser would report a violation on every page. Importing
 * this module puts a marker with that id in <head> first; the rule itself
 * ships in react-aria-csp.css.
 */
import './react-aria-csp.css';

/** The id React Aria looks for before injecting its style. */
export const PRESSABLE_STYLE_ID = 'react-aria-pressable-style';

if (typeof document !== 'undefined' && !document.getElementById(PRESSABLE_STYLE_ID)) {
  const marker = document.createElement('meta');
  marker.id = PRESSABLE_STYLE_ID;
  marker.name = 'react-aria-pressable-style';
  marker.content = 'in react-aria-csp.css';
  document.head.append(marker);
}
