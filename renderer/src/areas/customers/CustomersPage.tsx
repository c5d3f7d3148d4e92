import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useRef } from 'react';
import { useHotkeys } from 'react-hotkeys-hook';
import { useTranslation } from 'react-i18next';
import {
  Link as RouterLink,
  Route,
  Routes,
  useNavigate,
  useParams,
  useSearchParams,
} from 'react-router';
import { useShortcutHelp } from '../../shell/shortcuts.tsx';
import { useTabTitle } from '../../shell/WorkspaceTabs.tsx';
import { useTRPC } from '../../trpc.ts';
import { useQuery } from '@tanstack/react-query';
import { Customer360Panel } from './Customer360Panel.tsx';
import { CustomerSearchBox, type CustomerSearchHit } from './CustomerSearchBox.tsx';

function useOpenCustomer() {
  const navigate = useNavigate();
  return (hit: CustomerSearchHit) =>
    void navigate(
      `/customers/${hit.customerId}${hit.accountId ? `?account=${hit.accountId}` : ''}`,
    );
}

/** `/` jumps to the search box from anywhere in the area. */
function useSearchShortcut() {
  const { t } = useTranslation('customers');
  const ref = useRef<HTMLInputElement>(null);
  useHotkeys('slash', () => ref.current?.focus(), { preventDefault: true });
  useShortcutHelp(t('title'), [{ keys: '/', label: t('page.shortcutSearch') }]);
  return ref;
}

function SearchPage() {
  const { t } = useTranslation('customers');
  const open = useOpenCustomer();
  const ref = useSearchShortcut();
  return (
    <Paper sx={{ p: 3, maxWidth: 900 }}>
      <Typography variant="h5" component="h1" gutterBottom>
        {t('title')}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        {t('page.intro')}
      </Typography>
      <CustomerSearchBox onSelect={open} autoFocus inputRef={ref} />
      <Typography variant="caption" color="text.secondary">
        {t('search.hint')}
      </Typography>
    </Paper>
  );
}

function Customer360Page() {
  const { t } = useTranslation('customers');
  const { customerId } = useParams();
  const [params] = useSearchParams();
  const open = useOpenCustomer();
  const ref = useSearchShortcut();
  const id = Number(customerId);
  const accountId = Number(params.get('account')) || undefined;
  const trpc = useTRPC();
  const customer = useQuery({
    ...trpc.customers.get360.queryOptions({ customerId: id }),
    enabled: Number.isInteger(id) && id > 0,
  });
  useTabTitle(`customer:${id}`, customer.data?.customer.displayName);
  return (
    <Stack spacing={2} sx={{ maxWidth: 1200 }}>
      <Stack direction="row" sx={{ gap: 2, alignItems: 'center' }}>
        <Button component={RouterLink} to="/customers" startIcon={<ArrowBackIcon />}>
          {t('page.back')}
        </Button>
        <Box sx={{ flex: 1, maxWidth: 560 }}>
          <CustomerSearchBox onSelect={open} size="small" inputRef={ref} />
        </Box>
      </Stack>
      <Paper sx={{ p: 2 }}>
        {Number.isInteger(id) && id > 0 && (
          <Customer360Panel key={id} customerId={id} {...(accountId ? { accountId } : {})} />
        )}
      </Paper>
    </Stack>
  );
}

/** /customers → search; /customers/:customerId[?account=] → the full 360 with ledgers. */
export default function CustomersPage() {
  return (
    <Routes>
      <Route index element={<SearchPage />} />
      <Route path=":customerId" element={<Customer360Page />} />
    </Routes>
  );
}
