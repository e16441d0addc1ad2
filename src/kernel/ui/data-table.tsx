import type { Children } from '@kitajs/html';

/**
 * A table of records as every list screen shows one: scrollable on small screens, a caption for screen
 * readers, a header row of column names. The rows are the children.
 */
export function DataTable({ caption, headers, small, children }: { caption: string; headers: string[]; small?: boolean; children: Children }) {
  return (
    <div class="table-responsive">
      <table class={small ? 'table table-sm' : 'table'}>
        <caption class="visually-hidden" safe>
          {caption}
        </caption>
        <thead>
          <tr>
            {headers.map((h) => (
              <th scope="col" safe>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children as 'safe'}</tbody>
      </table>
    </div>
  );
}
