"""The public check "is my NIK listed by a party?": by NIK and name, cek DPT's privacy pattern
(``people.lookup``); here the member lists' query and answer, the API operation and the page's texts."""
