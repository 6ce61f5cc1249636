// Placeholder entry point; replaced by the command-line driver.
process.stdout.write('awsmsg\n');
