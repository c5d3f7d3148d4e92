import AddIcon from '@mui/icons-material/Add';
import DeleteOutlineIcon from '@mui/icons-material/DeleteOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormHelperText from '@mui/material/FormHelperText';
import IconButton from '@mui/material/IconButton';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { formatCents, parseAmountToCents } from '../../../../server/domain/shared/money.ts';
import { settingSchemas, type SettingKey } from '../../../../server/domain/shared/lender-config.ts';
import { emptyOf, keyOf, setIn, type FieldErrors, type Path } from './setting-form-model.ts';

/**
 * One lender setting edited as a form built from the same zod schema the server validates with
 * (server/domain/shared/lender-config.ts): objects become groups, arrays of records become cards with add and
 * remove, enums become selects, money in cents is typed in dollars. `validateSetting` gives the
 * field-level errors keyed by path ("lockboxes.1.postalCode"), exactly as the server reports them.
 */
const isMoney = (path: Path) =>
  path.some((p) => typeof p === 'string' && (p.endsWith('Cents') || p === 'returnedPaymentFees'));

const humanize = (name: string) =>
  name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());

interface Ctx {
  readOnly: boolean;
  errors: FieldErrors;
  onChange: (path: Path, value: unknown) => void;
  label: (name: string | number) => string;
}

export function SettingForm({
  settingKey,
  value,
  onChange,
  errors,
  readOnly,
}: {
  settingKey: SettingKey;
  value: unknown;
  onChange?: (value: unknown) => void;
  errors?: FieldErrors;
  readOnly?: boolean;
}) {
  const { t } = useTranslation('workspace');
  const ctx: Ctx = {
    readOnly: Boolean(readOnly),
    errors: errors ?? {},
    onChange: (path, v) => onChange?.(setIn(value, path, v)),
    label: (name) =>
      typeof name === 'number'
        ? String(name + 1)
        : t(`config.fields.${name}`, { defaultValue: humanize(name) }),
  };
  const rootError = ctx.errors[settingKey];
  return (
    <Box data-testid={`setting-form-${settingKey}`}>
      {rootError && <FormHelperText error>{rootError}</FormHelperText>}
      <Field
        schema={settingSchemas[settingKey]}
        path={[]}
        name={settingKey}
        value={value}
        ctx={ctx}
      />
    </Box>
  );
}

function Field({
  schema,
  path,
  name,
  value,
  ctx,
}: {
  schema: z.ZodType;
  path: Path;
  name: string | number;
  value: unknown;
  ctx: Ctx;
}) {
  const { t } = useTranslation('workspace');
  if (schema instanceof z.ZodDefault)
    return (
      <Field
        schema={schema.unwrap() as z.ZodType}
        path={path}
        name={name}
        value={value}
        ctx={ctx}
      />
    );
  const error = ctx.errors[keyOf(path)];
  const label = ctx.label(name);
  const input = { readOnly: ctx.readOnly };

  if (schema instanceof z.ZodNullable) {
    const inner = schema.unwrap() as z.ZodType;
    if (inner instanceof z.ZodEnum) {
      return (
        <TextField
          select
          size="small"
          label={label}
          value={value ?? ''}
          onChange={(e) => ctx.onChange(path, e.target.value === '' ? null : e.target.value)}
          error={Boolean(error)}
          helperText={error}
          slotProps={{ input }}
          sx={{ minWidth: 180 }}
        >
          <MenuItem value="">{t('config.none')}</MenuItem>
          {inner.options.map((o) => (
            <MenuItem key={String(o)} value={String(o)}>
              {t(`config.values.${String(o)}`, { defaultValue: String(o) })}
            </MenuItem>
          ))}
        </TextField>
      );
    }
    // A nullable group (a day's hours): a tick opens it; unticked is null ("closed").
    return (
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
        <FormControlLabel
          sx={{ minWidth: 150 }}
          control={
            <Checkbox
              checked={value !== null}
              disabled={ctx.readOnly}
              onChange={(e) => ctx.onChange(path, e.target.checked ? emptyOf(inner) : null)}
            />
          }
          label={label}
        />
        {value === null ? (
          <Typography variant="body2" color="text.secondary">
            {t('config.closed')}
          </Typography>
        ) : (
          <Field schema={inner} path={path} name={name} value={value} ctx={ctx} />
        )}
      </Stack>
    );
  }

  if (schema instanceof z.ZodObject) {
    const fields = Object.entries(schema.shape).map(([k, s]) => (
      <Field
        key={k}
        schema={s as z.ZodType}
        path={[...path, k]}
        name={k}
        value={(value as Record<string, unknown> | null)?.[k]}
        ctx={ctx}
      />
    ));
    // Top level and nullable groups: fields side by side; nested groups get a caption.
    return path.length === 0 || typeof name === 'number' ? (
      <Stack direction="row" sx={{ gap: 1.5, flexWrap: 'wrap', alignItems: 'flex-start' }}>
        {fields}
      </Stack>
    ) : (
      <Box component="fieldset" sx={{ border: 0, p: 0, m: 0 }}>
        <Typography component="legend" variant="caption" sx={{ fontWeight: 600, mb: 0.5 }}>
          {label}
        </Typography>
        <Stack direction="row" sx={{ gap: 1.5, flexWrap: 'wrap', alignItems: 'flex-start' }}>
          {fields}
        </Stack>
      </Box>
    );
  }

  if (schema instanceof z.ZodArray) {
    const element = schema.element as z.ZodType;
    const items = Array.isArray(value) ? (value as unknown[]) : [];
    if (element instanceof z.ZodString)
      return <ListField path={path} label={label} ctx={ctx} value={items} />;
    return (
      <Box component="fieldset" sx={{ border: 0, p: 0, m: 0, width: '100%' }}>
        {path.length > 0 && (
          <Typography component="legend" variant="caption" sx={{ fontWeight: 600, mb: 0.5 }}>
            {label}
          </Typography>
        )}
        <Stack
          spacing={1}
          direction={element instanceof z.ZodObject ? 'column' : 'row'}
          sx={{ flexWrap: 'wrap', gap: 1 }}
        >
          {items.map((item, i) => (
            <Paper
              key={i}
              variant="outlined"
              sx={{ p: 1.5, display: 'flex', gap: 1, alignItems: 'flex-start' }}
              data-testid="setting-item"
            >
              <Field schema={element} path={[...path, i]} name={i} value={item} ctx={ctx} />
              {!ctx.readOnly && (
                <IconButton
                  size="small"
                  aria-label={t('config.remove', { item: `${label} ${i + 1}` })}
                  onClick={() =>
                    ctx.onChange(
                      path,
                      items.filter((_x, j) => j !== i),
                    )
                  }
                >
                  <DeleteOutlineIcon fontSize="small" />
                </IconButton>
              )}
            </Paper>
          ))}
        </Stack>
        {error && <FormHelperText error>{error}</FormHelperText>}
        {!ctx.readOnly && (
          <Button
            size="small"
            startIcon={<AddIcon />}
            sx={{ mt: 1 }}
            onClick={() => ctx.onChange(path, [...items, emptyOf(element)])}
          >
            {t('config.add', { item: label })}
          </Button>
        )}
      </Box>
    );
  }

  if (schema instanceof z.ZodRecord)
    return (
      <RecordField
        path={path}
        label={label}
        ctx={ctx}
        value={(value ?? {}) as Record<string, unknown>}
        valueSchema={schema.valueType as z.ZodType}
      />
    );

  if (schema instanceof z.ZodEnum)
    return (
      <TextField
        select
        size="small"
        label={label}
        value={value ?? ''}
        onChange={(e) => ctx.onChange(path, e.target.value)}
        error={Boolean(error)}
        helperText={error}
        slotProps={{ input }}
        sx={{ minWidth: 160 }}
      >
        {schema.options.map((o) => (
          <MenuItem key={String(o)} value={String(o)}>
            {t(`config.values.${String(o)}`, { defaultValue: String(o) })}
          </MenuItem>
        ))}
      </TextField>
    );

  if (schema instanceof z.ZodBoolean)
    return (
      <FormControlLabel
        control={
          <Checkbox
            checked={Boolean(value)}
            disabled={ctx.readOnly}
            onChange={(e) => ctx.onChange(path, e.target.checked)}
          />
        }
        label={label}
      />
    );

  if (schema instanceof z.ZodNumber && isMoney(path))
    return <MoneyField path={path} label={label} ctx={ctx} value={value} />;

  if (schema instanceof z.ZodNumber)
    return (
      <TextField
        size="small"
        type="number"
        label={label}
        value={value ?? ''}
        onChange={(e) => {
          const n = Number(e.target.value);
          ctx.onChange(path, e.target.value === '' || Number.isNaN(n) ? e.target.value : n);
        }}
        error={Boolean(error)}
        helperText={error}
        slotProps={{ input }}
        sx={{ width: 200 }}
      />
    );

  return (
    <TextField
      size="small"
      label={label}
      value={value ?? ''}
      onChange={(e) => ctx.onChange(path, e.target.value)}
      error={Boolean(error)}
      helperText={error}
      slotProps={{ input }}
      sx={{ minWidth: 160, flex: '1 1 160px', maxWidth: 420 }}
    />
  );
}

/** Money in cents, typed as dollars ("25.00"); a text the parser refuses stays as text, so the schema reports it. */
function MoneyField({
  path,
  label,
  ctx,
  value,
}: {
  path: Path;
  label: string;
  ctx: Ctx;
  value: unknown;
}) {
  // The amount parser reads US notation ("$1,234.56"), so the field shows that in both languages.
  const [text, setText] = useState(() =>
    typeof value === 'number' ? formatCents(value, 'en') : String(value ?? ''),
  );
  const error = ctx.errors[keyOf(path)];
  return (
    <TextField
      size="small"
      label={label}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        const cents = parseAmountToCents(e.target.value);
        ctx.onChange(path, cents ?? e.target.value);
      }}
      error={Boolean(error)}
      helperText={error}
      slotProps={{ input: { readOnly: ctx.readOnly }, htmlInput: { inputMode: 'decimal' } }}
      sx={{ width: 160 }}
    />
  );
}

/** A list of short codes (state/province codes, queue names), typed comma-separated. */
function ListField({
  path,
  label,
  ctx,
  value,
}: {
  path: Path;
  label: string;
  ctx: Ctx;
  value: unknown[];
}) {
  const { t } = useTranslation('workspace');
  const [text, setText] = useState(() => value.join(', '));
  const prefix = `${keyOf(path)}.`;
  const error =
    ctx.errors[keyOf(path)] ?? Object.entries(ctx.errors).find(([k]) => k.startsWith(prefix))?.[1];
  const itemError = Object.keys(ctx.errors).find((k) => k.startsWith(prefix));
  const bad = itemError ? value[Number(itemError.slice(prefix.length).split('.')[0])] : undefined;
  return (
    <TextField
      size="small"
      label={label}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        ctx.onChange(
          path,
          e.target.value
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
        );
      }}
      error={Boolean(error)}
      helperText={
        error ? `${bad !== undefined ? `${String(bad)}: ` : ''}${error}` : t('config.commaList')
      }
      slotProps={{ input: { readOnly: ctx.readOnly } }}
      sx={{ minWidth: 320, flex: 1 }}
    />
  );
}

/** A map such as fee by state/province: one row per entry, the key beside its value. */
function RecordField({
  path,
  label,
  ctx,
  value,
  valueSchema,
}: {
  path: Path;
  label: string;
  ctx: Ctx;
  value: Record<string, unknown>;
  valueSchema: z.ZodType;
}) {
  const { t } = useTranslation('workspace');
  const [rows, setRows] = useState<Array<[string, unknown]>>(() => Object.entries(value));
  const publish = (next: Array<[string, unknown]>) => {
    setRows(next);
    ctx.onChange(path, Object.fromEntries(next));
  };
  const duplicates = new Set(rows.map(([k]) => k).filter((k, i, all) => all.indexOf(k) !== i));
  return (
    <Box component="fieldset" sx={{ border: 0, p: 0, m: 0 }}>
      <Typography component="legend" variant="caption" sx={{ fontWeight: 600, mb: 0.5 }}>
        {label}
      </Typography>
      <Stack spacing={1}>
        {rows.map(([k, v], i) => (
          <Stack key={i} direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
            <TextField
              size="small"
              label={t('config.fields.key')}
              value={k}
              onChange={(e) =>
                publish(rows.map((r, j) => (j === i ? [e.target.value.toUpperCase(), r[1]] : r)))
              }
              error={duplicates.has(k)}
              helperText={duplicates.has(k) ? t('config.duplicate') : undefined}
              slotProps={{ input: { readOnly: ctx.readOnly } }}
              sx={{ width: 120 }}
            />
            <Field schema={valueSchema} path={[...path, k]} name="value" value={v} ctx={ctx} />
            {!ctx.readOnly && (
              <IconButton
                size="small"
                aria-label={t('config.remove', { item: k || label })}
                onClick={() => publish(rows.filter((_r, j) => j !== i))}
              >
                <DeleteOutlineIcon fontSize="small" />
              </IconButton>
            )}
          </Stack>
        ))}
      </Stack>
      {!ctx.readOnly && (
        <Button
          size="small"
          startIcon={<AddIcon />}
          sx={{ mt: 1 }}
          onClick={() => publish([...rows, ['', emptyOf(valueSchema)]])}
        >
          {t('config.add', { item: label })}
        </Button>
      )}
    </Box>
  );
}
