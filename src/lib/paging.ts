// Page arithmetic for lists: a page past the end shows the last page.
export interface Paging {
  page: number;
  pages: number;
  limit: number;
  offset: number;
}

export function paging(total: number, requested: number, size: number): Paging {
  const pages = Math.max(1, Math.ceil(total / size));
  const page = Math.min(Math.max(1, requested), pages);
  return { page, pages, limit: size, offset: (page - 1) * size };
}
