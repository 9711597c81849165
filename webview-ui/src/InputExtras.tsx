// What sits above the input besides the menus: images pasted into it (thumbnails, removable) and
// messages queued while the agent works (removable until they are sent).
import { IMAGE_MEDIA_TYPES, MAX_IMAGE_BYTES, MAX_IMAGES } from '../../src/protocol/constants';
import type { ImageAttachment, QueuedView } from '../../src/protocol/messages';
import { postToHost } from './vscodeApi';
import { t } from './l10n';

const isAllowedType = (t: string): t is ImageAttachment['mediaType'] => (IMAGE_MEDIA_TYPES as readonly string[]).includes(t);

function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error(t('the image could not be read')));
    reader.readAsDataURL(file);
  });
}

/**
 * The images in a paste (clipboard image data, e.g. a screenshot), or undefined when it holds none
 * (then the paste is plain text and goes into the input as usual). Errors say what was left out.
 */
export function imagesInPaste(data: DataTransfer | null, already: number): Promise<{ images: ImageAttachment[]; errors: string[] }> | undefined {
  const files = [...(data?.items ?? [])].filter((i) => i.kind === 'file' && i.type.startsWith('image/')).map((i) => i.getAsFile()).filter((f): f is File => f !== null);
  if (files.length === 0) return undefined;
  return (async () => {
    const images: ImageAttachment[] = [];
    const errors: string[] = [];
    for (const f of files) {
      if (!isAllowedType(f.type)) errors.push(`${f.type} is not supported (PNG, JPEG, GIF or WebP)`);
      else if (f.size > MAX_IMAGE_BYTES) errors.push(`an image of ${(f.size / 1048576).toFixed(1)} MB is too large (at most 5 MB)`);
      else if (already + images.length >= MAX_IMAGES) errors.push(`at most ${MAX_IMAGES} images go with one message`);
      else images.push({ mediaType: f.type, data: await readBase64(f) });
    }
    return { images, errors };
  })();
}

export function ImageChips({ images, onRemove }: { images: ImageAttachment[]; onRemove: (index: number) => void }) {
  if (images.length === 0) return null;
  return (
    <div className="input-chips" data-testid="image-chips">
      {images.map((img, i) => (
        <span className="input-chip image-chip" key={i} data-testid="image-chip">
          <img src={`data:${img.mediaType};base64,${img.data}`} alt={t('Pasted image {0}', i + 1)} />
          <button type="button" className="chip-remove" title={t('Remove this image')} aria-label={t('Remove this image')} onClick={() => onRemove(i)}>
            ×
          </button>
        </span>
      ))}
    </div>
  );
}

export function QueuedChips({ items }: { items: QueuedView[] }) {
  if (items.length === 0) return null;
  return (
    <div className="input-chips" data-testid="queued-messages">
      {items.map((q) => (
        <span className="input-chip queued-chip" key={q.id} data-testid="queued-chip" title={q.text}>
          <span className="queued-label">{t('Queued')}</span>
          <span className="queued-text">
            {q.text.length > 80 ? `${q.text.slice(0, 80)}…` : q.text}
            {q.images ? ` ${q.images === 1 ? t('(+1 image)') : t('(+{0} images)', q.images)}` : ''}
          </span>
          <button type="button" className="chip-remove" title={t('Do not send this message')} aria-label={t('Remove the queued message')} onClick={() => postToHost({ type: 'unqueue', id: q.id })}>
            ×
          </button>
        </span>
      ))}
    </div>
  );
}
