/** The uploaded files table (migration 0016), snake_case as stored. */
export interface MediaFilesTable {
  sdk_app_id: number;
  file_id: string;
  owner_id: string;
  kind: string;
  mime_type: string;
  size: number;
  width: number | null;
  height: number | null;
  /** JSON: `{ large?: MediaVariant, thumb?: MediaVariant }`. */
  variants: string;
  created_at: number;
  referenced_at: number | null;
}

export interface MediaTables {
  media_files: MediaFilesTable;
}
