/** What other areas embed: the 360 side panel and the search box. */
export { Customer360Panel, type Customer360PanelProps } from './Customer360Panel.tsx';
export {
  CustomerSearchBox,
  type CustomerSearchBoxProps,
  type CustomerSearchHit,
} from './CustomerSearchBox.tsx';
export { LedgerTable } from './LedgerTable.tsx';
