import 'hookline/modules';
