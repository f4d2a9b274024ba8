'use strict';
// Select2 names its box after the value chosen, and its search field not at
// all; a screen reader must also hear which field they belong to, so both are
// named by the field's own label.
{
    const $ = window.django && window.django.jQuery;

    const labelOf = (select) => document.querySelector(`label[for="${select.id}"]`);

    const nameSelection = (select) => {
        const label = labelOf(select);
        const selection = select.parentElement.querySelector('.select2-selection');
        if (!label || !selection) {
            return;
        }
        label.id = label.id || `${select.id}_label`;
        const named = selection.getAttribute('aria-labelledby') || '';
        if (!named.split(' ').includes(label.id)) {
            selection.setAttribute('aria-labelledby', `${label.id} ${named}`.trim());
        }
        // The box inside, which shows the value, is a textbox of its own.
        const rendered = selection.querySelector('.select2-selection__rendered');
        if (rendered) {
            rendered.setAttribute('aria-labelledby', label.id);
        }
    };

    if ($ && $.fn.select2) {
        // Runs after autocomplete.js has set up every box on the page.
        $(() => {
            $('.admin-autocomplete').each((_index, select) => nameSelection(select));
            $(document).on('select2:open', '.admin-autocomplete', (event) => {
                const label = labelOf(event.target);
                const search = document.querySelector('.select2-container--open .select2-search__field');
                if (label && search) {
                    search.setAttribute('aria-label', label.textContent.replace(/:\s*$/, ''));
                }
                // An open combobox says which list it controls (ARIA 1.2); Select2 says only aria-owns.
                const selection = event.target.parentElement.querySelector('.select2-selection');
                const list = selection && selection.getAttribute('aria-owns');
                if (list) {
                    selection.setAttribute('aria-controls', list);
                }
            });
        });
        document.addEventListener('formset:added', (event) => {
            event.target.querySelectorAll('.admin-autocomplete').forEach(nameSelection);
        });
    }
}
